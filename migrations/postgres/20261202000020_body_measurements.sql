-- Body measurements (body.md §4): one record a day per account, each
-- measurement optional (lengths in cm, body fat in %); a record with none
-- left is deleted, not kept empty.
CREATE TABLE body_measurements (
    account_id   BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date         DATE NOT NULL,
    waist_cm     DOUBLE PRECISION CHECK (waist_cm BETWEEN 10 AND 300),
    hips_cm      DOUBLE PRECISION CHECK (hips_cm BETWEEN 10 AND 300),
    chest_cm     DOUBLE PRECISION CHECK (chest_cm BETWEEN 10 AND 300),
    neck_cm      DOUBLE PRECISION CHECK (neck_cm BETWEEN 10 AND 300),
    thigh_cm     DOUBLE PRECISION CHECK (thigh_cm BETWEEN 10 AND 300),
    arm_cm       DOUBLE PRECISION CHECK (arm_cm BETWEEN 10 AND 300),
    body_fat_pct DOUBLE PRECISION CHECK (body_fat_pct BETWEEN 2 AND 75),
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, date)
);
