# Tiny GFL teacher: the student's detector with a half-width ResNet-18 (base 32) and a head
# of four 128-channel convs, about 3x its parameters. The FPN keeps the student's 64
# channels, as mmdet's R101 and R50 detectors share their 256-channel FPN.
_base_ = ['./gfl_r18-w16-tiny_1xb4-2000_offline-street-det-256x512.py']
width = 32
model = dict(
    backbone=dict(stem_channels=width, base_channels=width),
    neck=dict(in_channels=[width * 2**i for i in range(4)]),
    bbox_head=dict(feat_channels=128, stacked_convs=4))
