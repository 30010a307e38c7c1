# TransKD-Base on NYUv2 (Table VI, 40 classes, RGB only), TransKD's protocol: original 480x640
# images, 795 train images / 2 x 1500 epochs. teacher_ckpt: a SegFormer-B2 NYUv2 checkpoint.
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py']

num_classes = 40
crop_size = (480, 640)
# the Runner gives a model without its own data_preprocessor the top-level one (a
# distillation algorithm then pads to this size): keep it the student's
data_preprocessor = dict(size=crop_size)
model = dict(
    architecture=dict(
        data_preprocessor=dict(size=crop_size), decode_head=dict(num_classes=num_classes)),
    teacher=dict(decode_head=dict(num_classes=num_classes)),
    teacher_ckpt='checkpoints/segformer_mit-b2_nyuv2.pth')
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(type='PackSegInputs')
]
nyu = dict(_delete_=True, type='NYUv2SegDataset', data_root='data/nyuv2')
train_dataloader = dict(
    dataset=dict(
        data_prefix=dict(img_path='images/train', seg_map_path='annotations/train'),
        pipeline=train_pipeline,
        **nyu))
val_dataloader = dict(
    dataset=dict(
        data_prefix=dict(img_path='images/test', seg_map_path='annotations/test'),
        pipeline=test_pipeline,
        **nyu))
test_dataloader = val_dataloader
max_iters = 597000
param_scheduler = [
    dict(type='PolyLR', eta_min=2e-5, power=1.0, begin=0, end=max_iters, by_epoch=False)
]
train_cfg = dict(max_iters=max_iters, val_interval=3980)
default_hooks = dict(checkpoint=dict(interval=3980))
