# Tiny CNN student at the teacher's width: mmseg's PSPNet with a ResNetV1c-18 at half width
# (the data-bound student of the offline benchmark's protocol candidates).
_base_ = ['../../../../configs/tiny/pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(
    backbone=dict(stem_channels=32, base_channels=32),
    decode_head=dict(in_channels=256, channels=64),
    auxiliary_head=dict(in_channels=128, channels=32))
