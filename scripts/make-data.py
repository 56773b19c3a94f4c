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

# Breast cancer (Wisconsin diagnostic, 569 tumours, 30 features) with held-out probabilities of two logistic
# regressions (5-fold cross-validated predictions, seeded): on the two "mean" size features, and on all 30.
# The label is `malignant` (1) — scikit-learn's file codes benign as 1, so it is flipped here. An imbalanced
# binary set (212 of 569 malignant) for the focal-loss section and `lossnb compare --scores`.
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

cancer = load_breast_cancer()
malignant = 1 - cancer.target
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
def held_out(features, labels, method):
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    return cross_val_predict(model, features, labels, cv=folds, method=method)
p_size = held_out(cancer.data[:, [0, 3]], malignant, "predict_proba")[:, 1]
p_all = held_out(cancer.data, malignant, "predict_proba")[:, 1]
columns = [n.replace(" ", "_") for n in cancer.feature_names]
with open(os.path.join(DATA, "breast-cancer-scores.csv"), "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(columns + ["malignant", "p_size", "p_all"])
    for row, y, a, b in zip(cancer.data, malignant, p_size, p_all):
        writer.writerow([f"{v:g}" for v in row] + [int(y), f"{a:.6f}", f"{b:.6f}"])
print(f"breast-cancer-scores.csv: {len(malignant)} rows, {malignant.sum()} malignant")

# Iris (150 flowers, 3 species) with held-out class logits of two multinomial logistic regressions: on the sepal
# measurements only (`sepal_0..2`) and on all four (`all_0..2`). The multi-class input of `lossnb compare --scores`.
iris = load_iris()
sepal = held_out(iris.data[:, :2], iris.target, "decision_function")
every = held_out(iris.data, iris.target, "decision_function")
with open(os.path.join(DATA, "iris-scores.csv"), "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]
                    + [f"sepal_{k}" for k in range(3)] + [f"all_{k}" for k in range(3)])
    for row, y, a, b in zip(iris.data, iris.target, sepal, every):
        writer.writerow([f"{v:g}" for v in row] + [int(y)] + [f"{v:.5f}" for v in a] + [f"{v:.5f}" for v in b])
print(f"iris-scores.csv: {len(iris.target)} rows")

# The same predictions as people often have them (what `lossnb compare` reads without reshaping):
# iris with species names and class probabilities in columns named after the classes (the all-features model's
# logits through a softmax), and the diabetes predictions as a spreadsheet exports them in most of Europe
# (';' between fields, decimal commas).
probabilities = np.exp(every - every.max(axis=1, keepdims=True))
probabilities /= probabilities.sum(axis=1, keepdims=True)
with open(os.path.join(DATA, "iris-names.csv"), "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["species"] + [f"p_{name}" for name in iris.target_names])
    for y, p in zip(iris.target, probabilities):
        writer.writerow([iris.target_names[y]] + [f"{v:.6f}" for v in p])
print(f"iris-names.csv: {len(iris.target)} rows")
with open(os.path.join(DATA, "diabetes-predictions.csv")) as source, \
        open(os.path.join(DATA, "diabetes-semicolon.csv"), "w", newline="") as f:
    for line in source:
        f.write(line.replace(",", ";").replace(".", ","))
print("diabetes-semicolon.csv: the predictions with ';' and decimal commas")

# Stars of the cluster CYG OB1 (47 stars: log surface temperature, log light intensity), the Hertzsprung-Russell
# diagram of Rousseeuw & Leroy (1987). Four red giants at low temperature pull the least-squares slope negative.
# Exported once from R's robustbase package (Debian r-cran-robustbase); the CSV is committed.
import shutil
import subprocess

if shutil.which("Rscript"):
    stars = os.path.join(DATA, "stars-cyg.csv")
    subprocess.run(["Rscript", "-e", "library(robustbase); data(starsCYG); "
                    f"write.csv(data.frame(log_temperature = starsCYG$log.Te, log_light = starsCYG$log.light), '{stars}', row.names = FALSE, quote = FALSE)"],
                   check=True)
    print("stars-cyg.csv: 47 rows")
else:
    print("stars-cyg.csv: kept (Rscript with r-cran-robustbase is needed to export it again)")
