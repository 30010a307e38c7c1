# CWD on logits from DeepLabV3-R18w32 to a PSPNet-R18 of the same width (the data-bound student).
# The w16 pair's distiller with the student widened as in ../tiny/pspnet_r18-w32-tiny_* (a leaf
# cannot inherit both configs: they share every top-level key).
_base_ = ['../../../../configs/cwd/cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(
    architecture=dict(
        backbone=dict(stem_channels=32, base_channels=32),
        decode_head=dict(in_channels=256, channels=64),
        auxiliary_head=dict(in_channels=128, channels=32)))
