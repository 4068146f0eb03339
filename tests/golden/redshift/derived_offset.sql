WITH orders_agg AS (
  SELECT
    CAST(DATE_TRUNC('YEAR', orders.ordered_at) AS DATE) AS metric_time__year,
    SUM(orders.amount) AS order_total
  FROM orders AS orders
  GROUP BY
    CAST(DATE_TRUNC('YEAR', orders.ordered_at) AS DATE)
), orders_agg_2 AS (
  SELECT
    CAST(DATE_TRUNC('YEAR', orders.ordered_at + INTERVAL '1 YEAR') AS DATE) AS metric_time__year,
    SUM(orders.amount) AS order_total
  FROM orders AS orders
  GROUP BY
    CAST(DATE_TRUNC('YEAR', orders.ordered_at + INTERVAL '1 YEAR') AS DATE)
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
  ON (
    orders_agg.metric_time__year = orders_agg_2.metric_time__year
    OR (
      orders_agg.metric_time__year IS NULL AND orders_agg_2.metric_time__year IS NULL
    )
  )
ORDER BY
  metric_time__year ASC
