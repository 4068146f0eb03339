WITH orders_agg AS (
  SELECT
    customers.segment AS customers__segment,
    SUM(orders.amount) AS order_total
  FROM orders AS orders
  LEFT JOIN customers AS customers
    ON orders.customer_id = customers.customer_id
  GROUP BY
    customers.segment
)
SELECT
  orders_agg.customers__segment AS customers__segment,
  orders_agg.order_total AS gross_sales
FROM orders_agg
WHERE
  (
    orders_agg.order_total
  ) > 50
ORDER BY
  gross_sales DESC NULLS LAST
