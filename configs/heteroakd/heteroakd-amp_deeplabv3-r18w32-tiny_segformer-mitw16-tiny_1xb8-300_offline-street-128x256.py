# HeteroAKD (CNN teacher -> Transformer student) with mixed precision: the forward runs under
# bfloat16 autocast (CPU or GPU), the losses compute in float32, the loss scale is dynamic.
_base_ = [
    './heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py'
]
optim_wrapper = dict(type='AmpOptimWrapper', dtype='bfloat16', loss_scale='dynamic')
