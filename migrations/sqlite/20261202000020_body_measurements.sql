-- Body measurements (body.md §4): one record a day per account, each
-- measurement optional (lengths in cm, body fat in %); a record with none
-- left is deleted, not kept empty.
CREATE TABLE body_measurements (
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    waist_cm     REAL CHECK (waist_cm BETWEEN 10 AND 300),
    hips_cm      REAL CHECK (hips_cm BETWEEN 10 AND 300),
    chest_cm     REAL CHECK (chest_cm BETWEEN 10 AND 300),
    neck_cm      REAL CHECK (neck_cm BETWEEN 10 AND 300),
    thigh_cm     REAL CHECK (thigh_cm BETWEEN 10 AND 300),
    arm_cm       REAL CHECK (arm_cm BETWEEN 10 AND 300),
    body_fat_pct REAL CHECK (body_fat_pct BETWEEN 2 AND 75),
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (account_id, date)
);
