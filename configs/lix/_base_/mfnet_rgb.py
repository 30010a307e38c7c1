# MFNet-like lightweight RGB student: ResNetV1c-18 at width 16 (~0.7 M encoder parameters)
# and a small UPerHead. num_classes: per leaf.
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    _scope_='mmseg',
    type='EncoderDecoder',
    backbone=dict(type='ResNetV1c', depth=18, stem_channels=16, base_channels=16,
                  out_indices=(0, 1, 2, 3), norm_cfg=norm_cfg),
    decode_head=dict(type='UPerHead', in_channels=[16, 32, 64, 128], in_index=[0, 1, 2, 3],
                     pool_scales=(1, 2, 3, 6), channels=64, dropout_ratio=0.1, num_classes=19,
                     norm_cfg=norm_cfg, align_corners=False,
                     loss_decode=dict(type='CrossEntropyLoss', loss_weight=1.0)),
    train_cfg=dict(), test_cfg=dict(mode='whole'))
