# HeteroAKD, Transformer teacher (UperNet Swin-B) -> CNN student (DeepLabV3-R18), ADE20K.
# The teacher checkpoint is supplied by the user (train the teacher config on this dataset or
# convert a released one) at the path below. Projectors: last backbone stage of each model.
_base_ = ['./_base_/deeplabv3_r18-d8_4xb4-80k_ade20k-512x512.py', './_base_/heteroakd_distiller.py']

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(
        cfg_path='mmseg::swin/swin-base-patch4-window7-in22k-pre_upernet_8xb2-160k_ade20k-'
        '512x512.py',
        pretrained=False),
    teacher_ckpt='checkpoints/heteroakd/upernet-swinb_ade20k.pth',
    distiller=dict(_base_.heteroakd_distiller, connectors=dict(
        proj_S=dict(type='LogitSpaceProjector', in_channels=512, num_classes=150),
        proj_T=dict(type='LogitSpaceProjector', in_channels=1024, num_classes=150))))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
