# TransKD's protocol (paper Sec. IV-B, official code): SegFormer-B0 trained from scratch (no
# ImageNet weights), images resized to 512x1024 (no random scale, no crop), flip, batch 2,
# AdamW 6e-5, 1000 epochs (2975 images / 2 = 1488 iters per epoch), poly decay whose 1500-epoch
# horizon is cut at 1000 epochs (the lr ends at 2e-5). The "Student" row of Table II.
_base_ = ['mmseg::segformer/segformer_mit-b0_8xb1-160k_cityscapes-1024x1024.py']
crop_size = (512, 1024)
data_preprocessor = dict(size=crop_size)
model = dict(
    data_preprocessor=data_preprocessor,
    backbone=dict(init_cfg=None),
    test_cfg=dict(_delete_=True, mode='whole'))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=(1024, 512), keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(1024, 512), keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
train_dataloader = dict(batch_size=2, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=6e-5, betas=(0.9, 0.999), weight_decay=0.01))
max_iters = 1488000
param_scheduler = [
    dict(type='PolyLR', eta_min=2e-5, power=1.0, begin=0, end=max_iters, by_epoch=False)
]
train_cfg = dict(max_iters=max_iters, val_interval=14880)
default_hooks = dict(checkpoint=dict(interval=14880, max_keep_ckpts=2, save_best='mIoU'))
