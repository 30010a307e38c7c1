# HeteroAKD, CNN teacher (DeepLabV3-R101) -> Transformer student (SegFormer MiT-B0), Pascal VOC aug.
# The teacher checkpoint is supplied by the user (train the teacher config on this dataset or
# convert a released one) at the path below. Projectors: last backbone stage of each model.
_base_ = [
    'mmseg::_base_/models/segformer_mit-b0.py', 'mmseg::_base_/datasets/pascal_voc12_aug.py',
    'mmseg::_base_/default_runtime.py', 'mmseg::_base_/schedules/schedule_40k.py',
    './_base_/heteroakd_logits.py'
]
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)

student = _base_.model
# SegFormer-B0 student (mmseg has no VOC SegFormer config): ImageNet MiT-B0, 21 classes,
# SegFormer's AdamW recipe on the VOC 40k schedule.
student.data_preprocessor.size = (512, 512)
student.decode_head.num_classes = 21
student.backbone.init_cfg = dict(
    type='Pretrained',
    checkpoint='https://download.openmmlab.com/mmsegmentation/v0.5/pretrain/segformer/'
    'mit_b0_20220624-7e0fe6dd.pth')
optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=6e-5, betas=(0.9, 0.999), weight_decay=0.01),
    paramwise_cfg=dict(custom_keys=dict(
        pos_block=dict(decay_mult=0.), norm=dict(decay_mult=0.), head=dict(lr_mult=10.))))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-6, by_epoch=False, begin=0, end=1500),
    dict(type='PolyLR', eta_min=0.0, power=1.0, begin=1500, end=40000, by_epoch=False)
]
distiller = _base_.heteroakd_distiller
distiller.connectors.proj_S.update(in_channels=256, num_classes=21)
distiller.connectors.proj_T.update(in_channels=2048, num_classes=21)
model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=student,
    teacher=dict(cfg_path='mmseg::deeplabv3/deeplabv3_r101-d8_4xb4-40k_voc12aug-512x512.py',
               pretrained=False),
    teacher_ckpt='checkpoints/heteroakd/deeplabv3-r101_voc12aug.pth',
    distiller=distiller)

custom_hooks = _base_.heteroakd_hooks  # 2000 GT-only warm-up iterations
find_unused_parameters = True
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
