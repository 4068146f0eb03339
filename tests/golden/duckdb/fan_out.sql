SELECT
  deduplicated.orders__status AS orders__status,
  deduplicated.order_items__category AS order_items__category,
  SUM(deduplicated.__value_credit_limit) AS credit_limit,
  AVG(deduplicated.__value_avg_credit_limit) AS avg_credit_limit
FROM (
  SELECT DISTINCT
    customers.customer_id AS __key_0,
    orders.status AS orders__status,
    order_items.category AS order_items__category,
    customers.credit_limit AS __value_credit_limit,
    customers.credit_limit AS __value_avg_credit_limit
  FROM customers AS customers
  LEFT JOIN orders AS orders
    ON customers.customer_id = orders.customer_id
  LEFT JOIN order_items AS order_items
    ON orders.order_id = order_items.order_id
) AS deduplicated
GROUP BY
  deduplicated.orders__status,
  deduplicated.order_items__category
ORDER BY
  orders__status ASC,
  order_items__category ASC
