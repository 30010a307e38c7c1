# Tiny Cascade Mask R-CNN teacher: the student's detector with a half-width ResNet-18
# (base 32), 512-unit box heads and a four-conv mask head; the FPN keeps the student's 64
# channels, as mmdet's R101 and R50 detectors share their 256-channel FPN.
_base_ = ['./cascade-mask-rcnn_r18-w16-tiny_1xb4-2000_offline-street-det-256x512.py']
width = 32
model = dict(
    backbone=dict(stem_channels=width, base_channels=width),
    neck=dict(in_channels=[width * 2**i for i in range(4)]),
    roi_head=dict(
        bbox_head=[dict(head, fc_out_channels=512) for head in _base_.model.roi_head.bbox_head],
        mask_head=dict(num_convs=4)))
