#!/usr/bin/python3
"""Converts the small real data sets the course uses into CSV files in data/ (run once; the CSVs are committed).

    apt-get install python3-sklearn && /usr/bin/python3 scripts/make-data.py

Sources are Debian's python3-sklearn package files; nothing is downloaded.
"""
import csv
import gzip
import os

import numpy as np

SKLEARN = "/usr/lib/python3/dist-packages/sklearn/datasets/data"
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")

# Optical recognition of handwritten digits: 1,797 images of 8x8 pixels (values 0-16) and their label.
with gzip.open(os.path.join(SKLEARN, "digits.csv.gz"), "rt") as f:
    digits = np.loadtxt(f, delimiter=",")
with open(os.path.join(DATA, "digits.csv"), "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow([f"p{i}" for i in range(64)] + ["label"])
    for row in digits:
        writer.writerow([int(v) for v in row])
print(f"digits.csv: {digits.shape[0]} rows")

# Diabetes progression (442 patients, 10 baseline variables) with the predictions of two least-squares models:
# one on BMI alone, one on all ten variables — the input of `lossnb compare` examples and tests.
raw = np.loadtxt(gzip.open(os.path.join(SKLEARN, "diabetes_data_raw.csv.gz"), "rt"))
target = np.loadtxt(gzip.open(os.path.join(SKLEARN, "diabetes_target.csv.gz"), "rt"))
names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
def fit(features):
    design = np.column_stack([features, np.ones(len(features))])
    coefficients, *_ = np.linalg.lstsq(design, target, rcond=None)
    return design @ coefficients
pred_bmi = fit(raw[:, [2]])
pred_all = fit(raw)
with open(os.path.join(DATA, "diabetes-predictions.csv"), "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(names + ["progression", "pred_bmi", "pred_all"])
    for row, y, a, b in zip(raw, target, pred_bmi, pred_all):
        writer.writerow([f"{v:g}" for v in row] + [f"{y:g}", f"{a:.3f}", f"{b:.3f}"])
print(f"diabetes-predictions.csv: {len(target)} rows")
