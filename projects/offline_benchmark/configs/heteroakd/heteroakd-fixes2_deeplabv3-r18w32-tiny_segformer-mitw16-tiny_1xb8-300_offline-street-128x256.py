# HeteroAKD's fix chain, CNN teacher -> Transformer student: label grid and projected stage fixed;
# the scales as first shipped (BCE summed over the K classes, loss_hetero and loss_proj_S at
# weight 1) and T = 1.
_base_ = [
    './heteroakd-fixes3_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py',
    './_base_/heteroakd_first_shipped.py'
]
model = dict(distiller=dict(distill_losses=_base_.heteroakd_summed_bce))
