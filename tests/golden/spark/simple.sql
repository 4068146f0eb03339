SELECT
  SUM(orders.amount) AS gross_sales
FROM orders AS orders
