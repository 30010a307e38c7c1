# Table I ablation: L_BD + L_CD with constant weights (no r(t) decay).
_base_ = ['./bckd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
custom_hooks = []
