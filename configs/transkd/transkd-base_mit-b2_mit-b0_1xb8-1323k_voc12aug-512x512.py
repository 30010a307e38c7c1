# TransKD-Base on Pascal VOC 2012 + SBD aug (Table VII), TransKD's protocol: images resized to
# 512x512, batch 8, 10582 images / 8 x 1000 epochs. The paper's VOC student is SegFormer-B1;
# B0 is kept here as for the other datasets (see README). teacher_ckpt: SegFormer-B2 on VOC.
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py']

num_classes = 21
crop_size = (512, 512)
# the Runner gives a model without its own data_preprocessor the top-level one (a
# distillation algorithm then pads to this size): keep it the student's
data_preprocessor = dict(size=crop_size)
model = dict(
    architecture=dict(
        data_preprocessor=dict(size=crop_size), decode_head=dict(num_classes=num_classes)),
    teacher=dict(decode_head=dict(num_classes=num_classes)),
    teacher_ckpt='checkpoints/segformer_mit-b2_voc12aug.pth')
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=crop_size, keep_ratio=False),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=crop_size, keep_ratio=False),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
voc = dict(type='PascalVOCDataset', data_root='data/VOCdevkit/VOC2012')
train_dataloader = dict(
    batch_size=8,
    dataset=dict(
        _delete_=True,
        type='ConcatDataset',
        datasets=[
            dict(data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
                 ann_file='ImageSets/Segmentation/train.txt', pipeline=train_pipeline, **voc),
            dict(data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClassAug'),
                 ann_file='ImageSets/Segmentation/aug.txt', pipeline=train_pipeline, **voc)
        ]))
val_dataloader = dict(
    dataset=dict(
        _delete_=True,
        data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
        ann_file='ImageSets/Segmentation/val.txt',
        pipeline=test_pipeline,
        **voc))
test_dataloader = val_dataloader
max_iters = 1323000
param_scheduler = [
    dict(type='PolyLR', eta_min=2e-5, power=1.0, begin=0, end=max_iters, by_epoch=False)
]
train_cfg = dict(max_iters=max_iters, val_interval=13230)
default_hooks = dict(checkpoint=dict(interval=13230))
