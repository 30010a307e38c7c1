# HeteroAKD's fix chain (README, "Fixes one after another"), CNN teacher -> Transformer student:
# the shipped config without its fourth fix, i.e. T = 1 for the divergence and the KEM softmax
# (as first shipped) while the label grid, the projected stage and the scales are fixed.
_base_ = ['../../../../configs/heteroakd/heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=dict(loss_hetero=dict(tau=1.0, kem_tau=1.0))))
