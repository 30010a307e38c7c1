# Tiny CNN teacher: mmseg's DeepLabV3 with a ResNetV1c-18 at half width.
_base_ = [
    'mmseg::_base_/models/deeplabv3_r50-d8.py',
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
        depth=18, stem_channels=32, base_channels=32, norm_cfg=norm_cfg),
    decode_head=dict(
        in_channels=256,
        channels=64,
        dilations=(1, 3, 6, 9),
        num_classes=num_classes,
        norm_cfg=norm_cfg),
    auxiliary_head=dict(
        in_channels=128, channels=32, num_classes=num_classes,
        norm_cfg=norm_cfg))
