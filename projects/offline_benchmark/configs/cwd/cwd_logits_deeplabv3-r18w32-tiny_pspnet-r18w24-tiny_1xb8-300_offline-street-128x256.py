# CWD on logits from DeepLabV3-R18w32 to a PSPNet-R18w24 (the data-bound student of candidate
# offline-street-v2-labels20; screened first on -labels30). The w16 pair's distiller with the
# student widened as in ../tiny/pspnet_r18-w24-tiny_* (a leaf cannot inherit both configs: they
# share every top-level key).
_base_ = ['../../../../configs/cwd/cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(
    architecture=dict(
        backbone=dict(stem_channels=24, base_channels=24),
        decode_head=dict(in_channels=192, channels=48),
        auxiliary_head=dict(in_channels=96, channels=24)))
