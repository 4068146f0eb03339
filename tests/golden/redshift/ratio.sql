WITH orders_agg AS (
  SELECT
    CAST(DATE_TRUNC('YEAR', orders.ordered_at) AS DATE) AS metric_time__year,
    SUM(orders.amount) AS order_total,
    COUNT(*) AS order_count
  FROM orders AS orders
  GROUP BY
    CAST(DATE_TRUNC('YEAR', orders.ordered_at) AS DATE)
)
SELECT
  orders_agg.metric_time__year AS metric_time__year,
  CAST(orders_agg.order_total AS DOUBLE PRECISION) / NULLIF(orders_agg.order_count, 0) AS average_order_value
FROM orders_agg
ORDER BY
  metric_time__year ASC
