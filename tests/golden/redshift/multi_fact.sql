WITH orders_agg AS (
  SELECT
    customers.segment AS customers__segment,
    SUM(orders.amount) AS order_total
  FROM orders AS orders
  LEFT JOIN customers AS customers
    ON orders.customer_id = customers.customer_id
  GROUP BY
    customers.segment
), tickets_agg AS (
  SELECT
    customers.segment AS customers__segment,
    COUNT(*) AS ticket_count
  FROM tickets AS tickets
  LEFT JOIN customers AS customers
    ON tickets.customer_id = customers.customer_id
  GROUP BY
    customers.segment
), spine AS (
  SELECT
    orders_agg.customers__segment
  FROM orders_agg
  UNION
  SELECT
    tickets_agg.customers__segment
  FROM tickets_agg
)
SELECT
  spine.customers__segment AS customers__segment,
  orders_agg.order_total AS gross_sales,
  tickets_agg.ticket_count AS ticket_count
FROM spine
LEFT JOIN orders_agg
  ON (
    spine.customers__segment = orders_agg.customers__segment
    OR (
      spine.customers__segment IS NULL AND orders_agg.customers__segment IS NULL
    )
  )
LEFT JOIN tickets_agg
  ON (
    spine.customers__segment = tickets_agg.customers__segment
    OR (
      spine.customers__segment IS NULL AND tickets_agg.customers__segment IS NULL
    )
  )
ORDER BY
  customers__segment ASC
