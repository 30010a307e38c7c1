# RGB-D pieces for the offline street data (depth: uint16 PNG, millimetres -> metres).
# Geometric transforms run on image + depth together (WithXModality), photometric ones on the
# image only; ConcatXModality appends depth as a 4th channel for RGBXDataPreProcessor.
# Only new names here (mixed with a tiny model config, which owns the dataset keys).
load_x = dict(type='LoadXModalityFromFile', key='depth_path', scale=1000.0)
rgbd_train_pipeline = [
    dict(type='LoadImageFromFile'),
    load_x,
    dict(type='LoadAnnotations'),
    dict(type='WithXModality', transforms=[
        dict(type='RandomResize', scale=(256, 128), ratio_range=(1.0, 1.5), keep_ratio=True),
        dict(type='RandomCrop', crop_size=(128, 256), cat_max_ratio=0.75),
        dict(type='RandomFlip', prob=0.5)]),
    dict(type='PhotoMetricDistortion'),
    dict(type='ConcatXModality'),
    dict(type='PackSegInputs')
]
rgbd_test_pipeline = [
    dict(type='LoadImageFromFile'),
    load_x,
    dict(type='WithXModality', transforms=[
        dict(type='Resize', scale=(256, 128), keep_ratio=True)]),
    dict(type='LoadAnnotations'),
    dict(type='ConcatXModality'),
    dict(type='PackSegInputs')
]
rgbd_train_prefix = dict(img_path='img_dir/train', seg_map_path='ann_dir/train',
                         depth_path='depth_dir/train')
rgbd_val_prefix = dict(img_path='img_dir/val', seg_map_path='ann_dir/val',
                       depth_path='depth_dir/val')
# RGB and depth (metres) each normalised with their own statistics.
rgbd_data_preprocessor = dict(
    type='RGBXDataPreProcessor',
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
    x_mean=[15.0], x_std=[16.0], bgr_to_rgb=True,
    pad_val=0, seg_pad_val=255, size=(128, 256))
# mIoU (IoUMetric) plus the paper's mFsc / fwFsc / fwIoU.
lix_evaluator = [
    dict(type='IoUMetric', iou_metrics=['mIoU']),
    dict(type='FrequencyWeightedFscoreMetric', fscore_metrics=['mFsc', 'fwFsc', 'fwIoU'])
]
