SELECT
  CAST(DATE_TRUNC('MONTH', orders.ordered_at) AS DATE) AS metric_time__month,
  SUM(orders.amount) AS revenue
FROM orders AS orders
LEFT JOIN customers AS customers
  ON orders.customer_id = customers.customer_id
WHERE
  (
    customers.segment = 'consumer'
    AND CAST(orders.ordered_at AS DATE) >= '2024-01-01'
  )
  AND orders.status = 'completed'
GROUP BY
  CAST(DATE_TRUNC('MONTH', orders.ordered_at) AS DATE)
ORDER BY
  metric_time__month ASC
