# Tiny CNN student at three quarters of the teacher's width: mmseg's PSPNet with a ResNetV1c-18 at
# 3/8 width (1.8 M parameters, the teacher 3.5 M; the data-bound student of the candidates
# offline-street-v2-labels30 and -labels20).
_base_ = ['../../../../configs/tiny/pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(
    backbone=dict(stem_channels=24, base_channels=24),
    decode_head=dict(in_channels=192, channels=48),
    auxiliary_head=dict(in_channels=96, channels=24))
