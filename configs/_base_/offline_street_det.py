# The offline detection setting a tiny detector inherits beside its mmdet config: procedural
# street scenes (mmkd_ext.datasets.street_scene_generator) as a COCO instance dataset of the
# generator's object classes, 128x256 images resized 2x (objects of 6-50 px become 12-100 px,
# the sizes mmdet's anchors and assigners are made for), and a CPU-sized schedule counted in
# iterations. Everything sits in one dict, `offline_det`, because mmdet's config already
# defines these keys and sibling bases may not repeat a key; a leaf assigns each entry:
#     train_dataloader = _base_.offline_det.train_dataloader   (and so on, see configs/tiny/)
# Create the data with mmkd_ext.datasets.generate_detection_dataset('data/offline_street_det').
_data_root = 'data/offline_street_det'
_dataset = dict(
    type='CocoDataset',
    data_root=_data_root,
    metainfo=dict(classes=('car', 'person', 'obstacle', 'poster')))
_resize = dict(type='Resize', scale=(512, 256), keep_ratio=True)


def _loaders(with_mask):
    """Train and val dataloaders, loading instance masks or not."""
    load = [dict(type='LoadImageFromFile'),
            dict(type='LoadAnnotations', with_bbox=True, with_mask=with_mask)]
    train = dict(
        _delete_=True,
        batch_size=4,
        num_workers=2,
        persistent_workers=True,
        sampler=dict(type='InfiniteSampler', shuffle=True),
        dataset=dict(
            _dataset,
            ann_file='annotations/instances_train2017.json',
            data_prefix=dict(img='train2017/'),
            filter_cfg=dict(filter_empty_gt=True, min_size=1),
            pipeline=[*load, _resize, dict(type='RandomFlip', prob=0.5),
                      dict(type='PackDetInputs')]))
    val = dict(
        _delete_=True,
        batch_size=4,
        num_workers=2,
        persistent_workers=True,
        drop_last=False,
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(
            _dataset,
            ann_file='annotations/instances_val2017.json',
            data_prefix=dict(img='val2017/'),
            test_mode=True,
            pipeline=[load[0], _resize, load[1],
                      dict(type='PackDetInputs', meta_keys=(
                          'img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'))]))
    return train, val


_train, _val = _loaders(with_mask=False)
_train_masks, _val_masks = _loaders(with_mask=True)
_evaluator = dict(
    _delete_=True,
    type='CocoMetric',
    ann_file=_data_root + '/annotations/instances_val2017.json',
    metric='bbox',
    classwise=True)
offline_det = dict(
    train_dataloader=_train,
    val_dataloader=_val,
    test_dataloader=_val,
    val_evaluator=_evaluator,
    test_evaluator=_evaluator,
    # instance segmentation (Cascade Mask R-CNN): masks loaded, segm and bbox evaluated
    # (bbox last: CocoMetric's per-class APs are those of its last metric)
    train_dataloader_masks=_train_masks,
    val_dataloader_masks=_val_masks,
    evaluator_masks=dict(_evaluator, metric=['segm', 'bbox']),
    # AdamW with a linear warm-up and poly decay, as the segmentation schedule
    optim_wrapper=dict(
        _delete_=True,
        type='OptimWrapper',
        optimizer=dict(type='AdamW', lr=1e-3, betas=(0.9, 0.999), weight_decay=0.05),
        clip_grad=dict(max_norm=35, norm_type=2)),
    param_scheduler=[
        dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=100),
        dict(type='PolyLR', eta_min=1e-5, power=1.0, begin=100, end=2000, by_epoch=False)],
    train_cfg=dict(_delete_=True, type='IterBasedTrainLoop', max_iters=2000,
                   val_interval=2000),
    default_hooks=dict(
        logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
        checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=2000)),
    log_processor=dict(by_epoch=False),
    env_cfg=dict(
        cudnn_benchmark=False,
        mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
        dist_cfg=dict(backend='gloo')))
