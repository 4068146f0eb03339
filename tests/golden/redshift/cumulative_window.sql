WITH orders_agg AS (
  SELECT
    periods.period AS metric_time__month,
    SUM(facts.__value_order_total) AS order_total
  FROM (
    SELECT
      CAST(DATE_TRUNC('MONTH', orders.ordered_at) AS DATE) AS period,
      MAX(CAST(orders.ordered_at AS DATE)) AS last_date
    FROM orders AS orders
    GROUP BY
      CAST(DATE_TRUNC('MONTH', orders.ordered_at) AS DATE)
  ) AS periods
  JOIN (
    SELECT
      CAST(orders.ordered_at AS DATE) AS event_date,
      orders.amount AS __value_order_total
    FROM orders AS orders
  ) AS facts
    ON facts.event_date <= periods.last_date
    AND facts.event_date > periods.last_date - INTERVAL '30 DAY'
  GROUP BY
    periods.period
), orders_agg_2 AS (
  SELECT
    periods.period AS metric_time__month,
    SUM(facts.__value_order_total) AS order_total
  FROM (
    SELECT
      CAST(DATE_TRUNC('MONTH', orders.ordered_at) AS DATE) AS period,
      MAX(CAST(orders.ordered_at AS DATE)) AS last_date
    FROM orders AS orders
    GROUP BY
      CAST(DATE_TRUNC('MONTH', orders.ordered_at) AS DATE)
  ) AS periods
  JOIN (
    SELECT
      CAST(orders.ordered_at AS DATE) AS event_date,
      orders.amount AS __value_order_total
    FROM orders AS orders
  ) AS facts
    ON facts.event_date <= periods.last_date
    AND facts.event_date >= CAST(DATE_TRUNC('YEAR', periods.period) AS DATE)
  GROUP BY
    periods.period
), spine AS (
  SELECT
    orders_agg.metric_time__month
  FROM orders_agg
  UNION
  SELECT
    orders_agg_2.metric_time__month
  FROM orders_agg_2
)
SELECT
  spine.metric_time__month AS metric_time__month,
  orders_agg.order_total AS sales_30d,
  orders_agg_2.order_total AS sales_ytd
FROM spine
LEFT JOIN orders_agg
  ON (
    spine.metric_time__month = orders_agg.metric_time__month
    OR (
      spine.metric_time__month IS NULL AND orders_agg.metric_time__month IS NULL
    )
  )
LEFT JOIN orders_agg_2
  ON (
    spine.metric_time__month = orders_agg_2.metric_time__month
    OR (
      spine.metric_time__month IS NULL AND orders_agg_2.metric_time__month IS NULL
    )
  )
ORDER BY
  metric_time__month ASC
