# HeteroAKD, Transformer teacher (DeepLabV3 head on MiT-B4) -> CNN student
# (DeepLabV3-MobileNetV2), Cityscapes
# (the paper's Table 1 pair: student 73.92, CWD 71.59, HeteroAKD 74.91).
# The teacher checkpoint is supplied by the user (train the teacher config on this dataset or
# convert a released one) at the path below. Projectors: last backbone stage of each model.
_base_ = [
    'mmseg::mobilenet_v2/mobilenet-v2-d8_deeplabv3_4xb2-80k_cityscapes-512x1024.py',
    './_base_/heteroakd_distiller.py'
]

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(
        cfg_path='mmseg::deeplabv3/deeplabv3_r101-d8_4xb2-80k_cityscapes-512x1024.py',
        pretrained=False,
        backbone=dict(
            _delete_=True, type='MixVisionTransformer', in_channels=3, embed_dims=64,
            num_stages=4, num_layers=[3, 8, 27, 3], num_heads=[1, 2, 5, 8],
            patch_sizes=[7, 3, 3, 3], sr_ratios=[8, 4, 2, 1], out_indices=(0, 1, 2, 3),
            mlp_ratio=4, qkv_bias=True, drop_path_rate=0.1),
        decode_head=dict(in_channels=512),
        auxiliary_head=dict(in_channels=320)),
    teacher_ckpt='checkpoints/heteroakd/deeplabv3-mitb4_cityscapes.pth',
    distiller=dict(_base_.heteroakd_distiller, connectors=dict(
        proj_S=dict(type='LogitSpaceProjector', in_channels=320, num_classes=19),
        proj_T=dict(type='LogitSpaceProjector', in_channels=512, num_classes=19))))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
