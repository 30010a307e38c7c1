# BCKD with mixed precision: the forward runs under bfloat16 autocast
# (CPU or GPU), the losses compute in float32, the loss scale is dynamic.
_base_ = ['./bckd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
optim_wrapper = dict(type='AmpOptimWrapper', dtype='bfloat16', loss_scale='dynamic')
