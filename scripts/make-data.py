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
