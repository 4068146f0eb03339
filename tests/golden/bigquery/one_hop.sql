SELECT
  customers.segment AS customers__segment,
  SUM(orders.amount) AS gross_sales,
  COUNT(*) AS order_count
FROM orders AS orders
LEFT JOIN customers AS customers
  ON orders.customer_id = customers.customer_id
GROUP BY
  customers__segment
ORDER BY
  customers__segment ASC NULLS LAST
