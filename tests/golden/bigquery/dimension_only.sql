SELECT DISTINCT
  orders.order_id AS orders__order_id,
  CAST(orders.ordered_at AS DATE) AS orders__ordered_at
FROM orders AS orders
ORDER BY
  orders__ordered_at DESC,
  orders__order_id ASC NULLS LAST
LIMIT 3
