# Baseline row: pixel-wise logit KD, RGB-D teacher -> RGB student, same schedule as LIX.
_base_ = ['../_base_/lix_tiny.py', '../../_base_/distillers/logit_baselines.py']
model = dict(distiller=_base_.kd_distiller)
