# Tiny transformer student: mmseg's SegFormer, MiT at half width, one block per stage.
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
    backbone=dict(embed_dims=16, num_layers=[1, 1, 1, 1]),
    decode_head=dict(
        in_channels=[16, 32, 80, 128],
        channels=64,
        num_classes=num_classes,
        norm_cfg=norm_cfg))
