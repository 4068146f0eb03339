SELECT
  regions.region_name AS regions__region_name,
  SUM(order_items.quantity) AS units
FROM order_items AS order_items
LEFT JOIN orders AS orders
  ON order_items.order_id = orders.order_id
LEFT JOIN stores AS stores
  ON orders.store_id = stores.store_id
LEFT JOIN regions AS regions
  ON stores.region_id = regions.region_id
GROUP BY
  regions__region_name
ORDER BY
  regions__region_name ASC NULLS LAST
