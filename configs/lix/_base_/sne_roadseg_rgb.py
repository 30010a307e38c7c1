# SNE-RoadSeg-like RGB student: one ResNet-152 encoder (58.1 M parameters, as in LIX Sec. IV-B)
# with UPerHead standing in for SNE-RoadSeg's densely connected decoder. num_classes: per leaf.
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    _scope_='mmseg',
    type='EncoderDecoder',
    backbone=dict(type='ResNetV1c', depth=152, num_stages=4, out_indices=(0, 1, 2, 3),
                  norm_cfg=norm_cfg, init_cfg=dict(type='Pretrained',
                                                   checkpoint='open-mmlab://resnet152_v1c')),
    decode_head=dict(type='UPerHead', in_channels=[256, 512, 1024, 2048], in_index=[0, 1, 2, 3],
                     pool_scales=(1, 2, 3, 6), channels=256, dropout_ratio=0.1, num_classes=19,
                     norm_cfg=norm_cfg, align_corners=False,
                     loss_decode=dict(type='CrossEntropyLoss', loss_weight=1.0)),
    train_cfg=dict(), test_cfg=dict(mode='whole'))
