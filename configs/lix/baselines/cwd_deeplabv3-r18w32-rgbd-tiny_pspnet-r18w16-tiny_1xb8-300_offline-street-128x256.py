# Baseline row: channel-wise distillation on the logits, RGB-D teacher -> RGB student.
_base_ = ['../_base_/lix_tiny.py', '../../_base_/distillers/logit_baselines.py']
model = dict(distiller=_base_.cwd_distiller)
