# TransKD-Base under mmseg's usual SegFormer recipe: ImageNet-pretrained MiT-B0 student,
# random scale + 1024x1024 crops, AdamW with head lr x10, warm-up then poly to 0 over 160k
# iterations, sliding-window test. 4 GPUs x 2 images (same total batch as mmseg's 8x1; CSF's
# BN needs >= 2 images per GPU).
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py']

crop_size = (1024, 1024)
# the Runner gives a model without its own data_preprocessor the top-level one (a
# distillation algorithm then pads to this size): keep it the student's
data_preprocessor = dict(size=crop_size)
mit_b0 = 'https://download.openmmlab.com/mmsegmentation/v0.5/pretrain/segformer/mit_b0_20220624-7e0fe6dd.pth'  # noqa
model = dict(
    architecture=dict(
        data_preprocessor=dict(size=crop_size),
        backbone=dict(init_cfg=dict(_delete_=True, type='Pretrained', checkpoint=mit_b0)),
        test_cfg=dict(mode='slide', crop_size=crop_size, stride=(768, 768))))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResize', scale=(2048, 1024), ratio_range=(0.5, 2.0), keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(2048, 1024), keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
train_dataloader = dict(batch_size=2, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
optim_wrapper = dict(
    paramwise_cfg=dict(
        custom_keys={
            'pos_block': dict(decay_mult=0.),
            'norm': dict(decay_mult=0.),
            'head': dict(lr_mult=10.)
        }))
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-6, by_epoch=False, begin=0, end=1500),
    dict(type='PolyLR', eta_min=0.0, power=1.0, begin=1500, end=160000, by_epoch=False)
]
train_cfg = dict(max_iters=160000, val_interval=16000)
default_hooks = dict(checkpoint=dict(interval=16000))
