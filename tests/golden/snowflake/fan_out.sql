WITH customers_agg AS (
  SELECT
    deduplicated.orders__status AS orders__status,
    deduplicated.order_items__category AS order_items__category,
    SUM(deduplicated.__value_credit_limit) AS credit_limit
  FROM (
    SELECT DISTINCT
      customers.customer_id AS __key_0,
      orders.status AS orders__status,
      order_items.category AS order_items__category,
      customers.credit_limit AS __value_credit_limit
    FROM customers AS customers
    LEFT JOIN orders AS orders
      ON customers.customer_id = orders.customer_id
    LEFT JOIN order_items AS order_items
      ON orders.order_id = order_items.order_id
  ) AS deduplicated
  GROUP BY
    deduplicated.orders__status,
    deduplicated.order_items__category
), orders_agg AS (
  SELECT
    deduplicated.orders__status AS orders__status,
    deduplicated.order_items__category AS order_items__category,
    MEDIAN(deduplicated.__value_median_amount) AS median_amount
  FROM (
    SELECT DISTINCT
      orders.order_id AS __key_0,
      orders.status AS orders__status,
      order_items.category AS order_items__category,
      orders.amount AS __value_median_amount
    FROM orders AS orders
    LEFT JOIN order_items AS order_items
      ON orders.order_id = order_items.order_id
  ) AS deduplicated
  GROUP BY
    deduplicated.orders__status,
    deduplicated.order_items__category
), spine AS (
  SELECT
    customers_agg.orders__status,
    customers_agg.order_items__category
  FROM customers_agg
  UNION
  SELECT
    orders_agg.orders__status,
    orders_agg.order_items__category
  FROM orders_agg
)
SELECT
  spine.orders__status AS orders__status,
  spine.order_items__category AS order_items__category,
  customers_agg.credit_limit AS credit_limit,
  orders_agg.median_amount AS median_order
FROM spine
LEFT JOIN customers_agg
  ON spine.orders__status IS NOT DISTINCT FROM customers_agg.orders__status
  AND spine.order_items__category IS NOT DISTINCT FROM customers_agg.order_items__category
LEFT JOIN orders_agg
  ON spine.orders__status IS NOT DISTINCT FROM orders_agg.orders__status
  AND spine.order_items__category IS NOT DISTINCT FROM orders_agg.order_items__category
ORDER BY
  orders__status ASC,
  order_items__category ASC
