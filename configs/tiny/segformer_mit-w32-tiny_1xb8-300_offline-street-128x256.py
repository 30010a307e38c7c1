# Tiny transformer teacher: mmseg's SegFormer with a MiT-B0-sized encoder.
_base_ = [
    'mmseg::_base_/models/segformer_mit-b0.py',
    '../_base_/datasets/offline_street.py', '../_base_/schedules/tiny_300.py',
    '../_base_/tiny_runtime.py'
]
num_classes = 10
norm_cfg = dict(type='BN', requires_grad=True)
data_preprocessor = dict(size=(128, 256))
model = dict(
    data_preprocessor=data_preprocessor,
    backbone=dict(embed_dims=32, num_layers=[2, 2, 2, 2]),
    decode_head=dict(
        in_channels=[32, 64, 160, 256],
        channels=128,
        num_classes=num_classes,
        norm_cfg=norm_cfg))
