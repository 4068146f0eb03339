WITH orders_agg AS (
  SELECT
    CAST(TRUNC(orders.ordered_at, 'YEAR') AS DATE) AS metric_time__year,
    SUM(orders.amount) AS order_total
  FROM orders AS orders
  GROUP BY
    CAST(TRUNC(orders.ordered_at, 'YEAR') AS DATE)
), orders_agg_2 AS (
  SELECT
    CAST(TRUNC(orders.ordered_at + INTERVAL '1' YEAR, 'YEAR') AS DATE) AS metric_time__year,
    SUM(orders.amount) AS order_total
  FROM orders AS orders
  GROUP BY
    CAST(TRUNC(orders.ordered_at + INTERVAL '1' YEAR, 'YEAR') AS DATE)
)
SELECT
  orders_agg.metric_time__year AS metric_time__year,
  (
    orders_agg.order_total
  ) - (
    orders_agg_2.order_total
  ) AS sales_growth
FROM orders_agg
LEFT JOIN orders_agg_2
  ON orders_agg.metric_time__year IS NOT DISTINCT FROM orders_agg_2.metric_time__year
ORDER BY
  metric_time__year ASC NULLS LAST
