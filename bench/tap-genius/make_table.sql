-- The benchmark table: a 10-column job_change_order_item with 1,000,000 rows (MariaDB).
-- tap-genius reflects every column, so the extra columns are read like any real ones.
-- Every 1,000 consecutive ids share one updated_at second (a bulk-edit pattern).
DROP TABLE IF EXISTS job_change_order_item;
CREATE TABLE job_change_order_item (
  id INT NOT NULL PRIMARY KEY,
  change_order_id INT NOT NULL,
  description VARCHAR(256) NULL,
  amount DECIMAL(8,2) NOT NULL,
  quantity INT NOT NULL,
  is_taxable TINYINT(1) NOT NULL,
  install_date DATE NULL,
  unit_weight DOUBLE NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY ix_job_change_order_item_updated_at (updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO job_change_order_item
SELECT seq, 1 + seq DIV 3, CONCAT('Item ', seq, IF(seq % 97 = 0, ' 🔨 trim wrap', ' ridge vent')),
       (seq % 100000) / 100, 1 + seq % 12, seq % 2, DATE('2024-01-01') + INTERVAL (seq % 700) DAY,
       IF(seq % 10 = 0, NULL, (seq % 1000) / 7),
       TIMESTAMP('2024-01-01') + INTERVAL (seq DIV 1000) MINUTE,
       TIMESTAMP('2024-01-01') + INTERVAL (seq DIV 1000) HOUR
FROM seq_1_to_1000000;
