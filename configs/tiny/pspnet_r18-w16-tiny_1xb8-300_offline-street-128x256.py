# Tiny CNN student: mmseg's PSPNet with a ResNetV1c-18 at quarter width.
_base_ = [
    'mmseg::_base_/models/pspnet_r50-d8.py',
    '../_base_/datasets/offline_street.py', '../_base_/schedules/tiny_300.py',
    '../_base_/tiny_runtime.py'
]
num_classes = 10
norm_cfg = dict(type='BN', requires_grad=True)
data_preprocessor = dict(size=(128, 256))
model = dict(
    data_preprocessor=data_preprocessor,
    pretrained=None,
    backbone=dict(
        depth=18, stem_channels=16, base_channels=16, norm_cfg=norm_cfg),
    decode_head=dict(
        in_channels=128, channels=32, num_classes=num_classes,
        norm_cfg=norm_cfg),
    auxiliary_head=dict(
        in_channels=64, channels=16, num_classes=num_classes,
        norm_cfg=norm_cfg))
