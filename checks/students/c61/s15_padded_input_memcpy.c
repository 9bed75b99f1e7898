/*
 * backward.c -- backward pass of the two-layer net, "padded tensors"
 * version of my framework.
 *
 * Every tensor owns its storage and pads each row to a multiple of four
 * doubles (32 bytes), so that every row starts on an AVX boundary; the
 * distance between rows is the tensor's stride, NOT its number of
 * columns.  The cache and the parameters are loaded into such tensors,
 * the layer table is walked back to front, and the results are stored
 * back into g row by row.
 */

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define ROW_ALIGN 4

typedef struct
{
    size_t rows;
    size_t cols;
    size_t stride;
    double *data;
} Tensor;

static size_t padded_width(size_t cols)
{
    return (cols + ROW_ALIGN - 1) / ROW_ALIGN * ROW_ALIGN;
}

static int tensor_create(Tensor *t, size_t rows, size_t cols)
{
    t->rows = rows;
    t->cols = cols;
    t->stride = padded_width(cols);
    t->data = calloc(rows * t->stride, sizeof(double));
    return t->data != NULL ? 0 : -1;
}

static void tensor_destroy(Tensor *t)
{
    free(t->data);
    t->data = NULL;
}

static double *tensor_row(const Tensor *t, size_t r)
{
    return t->data + r * t->stride;
}

static void tensor_load_matrix(Tensor *t, const gsl_matrix *m)
{
    size_t r;
    for (r = 0; r < t->rows; r++)
    {
        memcpy(tensor_row(t, r), gsl_matrix_const_ptr(m, r, 0), t->cols * sizeof(double));
    }
}

static void tensor_store_matrix(const Tensor *t, gsl_matrix *m)
{
    size_t r;
    for (r = 0; r < t->rows; r++)
    {
        memcpy(gsl_matrix_ptr(m, r, 0), tensor_row(t, r), t->cols * sizeof(double));
    }
}

static void tensor_store_vector(const Tensor *t, gsl_vector *v)
{
    size_t c;
    for (c = 0; c < t->cols; c++)
    {
        gsl_vector_set(v, c, tensor_row(t, 0)[c]);
    }
}

typedef struct Layer Layer;
struct Layer
{
    const char *name;
    int (*backward)(Layer *self, const Tensor *dout, Tensor *din);
    const Tensor *input;
    const Tensor *output;
    const Tensor *weights;
    Tensor *weights_gradient;
    Tensor *bias_gradient;
    double regularization;
    const size_t *labels;
};

static int dense_backward(Layer *self, const Tensor *dout, Tensor *din)
{
    size_t samples = dout->rows, fan_in = self->weights->rows, fan_out = self->weights->cols;
    size_t n, a, b;

    for (a = 0; a < fan_in; a++)
    {
        double *grad_row = tensor_row(self->weights_gradient, a);
        const double *weight_row = tensor_row(self->weights, a);
        for (b = 0; b < fan_out; b++)
        {
            grad_row[b] = 2.0 * self->regularization * weight_row[b];
        }
        for (n = 0; n < samples; n++)
        {
            double x = tensor_row(self->input, n)[a];
            const double *d = tensor_row(dout, n);
            for (b = 0; b < fan_out; b++)
            {
                grad_row[b] += x * d[b];
            }
        }
    }

    for (b = 0; b < fan_out; b++)
    {
        double sum = 0.0;
        for (n = 0; n < samples; n++)
        {
            sum += tensor_row(dout, n)[b];
        }
        tensor_row(self->bias_gradient, 0)[b] = sum;
    }

    if (din != NULL)
    {
        for (n = 0; n < samples; n++)
        {
            const double *d = tensor_row(dout, n);
            double *back = tensor_row(din, n);
            for (a = 0; a < fan_in; a++)
            {
                const double *weight_row = tensor_row(self->weights, a);
                double sum = 0.0;
                for (b = 0; b < fan_out; b++)
                {
                    sum += d[b] * weight_row[b];
                }
                back[a] = sum;
            }
        }
    }
    return 0;
}

static int relu_backward(Layer *self, const Tensor *dout, Tensor *din)
{
    size_t n, h;
    for (n = 0; n < dout->rows; n++)
    {
        const double *pre = tensor_row(self->input, n);
        const double *d = tensor_row(dout, n);
        double *back = tensor_row(din, n);
        for (h = 0; h < dout->cols; h++)
        {
            back[h] = pre[h] > 0.0 ? d[h] : 0.0;
        }
    }
    return 0;
}

static int softmax_cross_entropy_backward(Layer *self, const Tensor *dout, Tensor *din)
{
    size_t samples = self->output->rows, n, c;
    (void) dout;
    for (n = 0; n < samples; n++)
    {
        const double *prob = tensor_row(self->output, n);
        double *back = tensor_row(din, n);
        for (c = 0; c < self->output->cols; c++)
        {
            back[c] = (prob[c] - (c == self->labels[n] ? 1.0 : 0.0)) / (double) samples;
        }
    }
    return 0;
}

enum { T_INPUT, T_Z1, T_P1, T_PROB, T_W1, T_W2,
       T_DZ2, T_DP1, T_DZ1, T_DW1, T_DB1, T_DW2, T_DB2, T_COUNT };

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const size_t shape[T_COUNT][2] = {
        { N, D }, { N, H }, { N, H }, { N, C }, { D, H }, { H, C },
        { N, C }, { N, H }, { N, H }, { D, H }, { 1, H }, { H, C }, { 1, C }
    };
    Tensor t[T_COUNT];
    Layer table[4];
    const Tensor *from_above[4];
    Tensor *to_below[4];
    int i, status = 0;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    memset(t, 0, sizeof t);
    for (i = 0; i < T_COUNT; i++)
    {
        if (tensor_create(&t[i], shape[i][0], shape[i][1]) != 0)
        {
            status = -1;
            goto cleanup;
        }
    }

    /* X is one contiguous block, a single copy is enough */
    memcpy(t[T_INPUT].data, X->data, N * D * sizeof(double));
    tensor_load_matrix(&t[T_Z1], cache->z1);
    tensor_load_matrix(&t[T_P1], cache->p1);
    tensor_load_matrix(&t[T_PROB], cache->prob);
    tensor_load_matrix(&t[T_W1], net->W1);
    tensor_load_matrix(&t[T_W2], net->W2);

    memset(table, 0, sizeof table);

    table[0].name = "dense1";
    table[0].backward = dense_backward;
    table[0].input = &t[T_INPUT];
    table[0].output = &t[T_Z1];
    table[0].weights = &t[T_W1];
    table[0].weights_gradient = &t[T_DW1];
    table[0].bias_gradient = &t[T_DB1];
    table[0].regularization = reg;

    table[1].name = "relu";
    table[1].backward = relu_backward;
    table[1].input = &t[T_Z1];
    table[1].output = &t[T_P1];

    table[2].name = "dense2";
    table[2].backward = dense_backward;
    table[2].input = &t[T_P1];
    table[2].output = NULL;
    table[2].weights = &t[T_W2];
    table[2].weights_gradient = &t[T_DW2];
    table[2].bias_gradient = &t[T_DB2];
    table[2].regularization = reg;

    table[3].name = "softmax_cross_entropy";
    table[3].backward = softmax_cross_entropy_backward;
    table[3].input = NULL;
    table[3].output = &t[T_PROB];
    table[3].labels = y;

    from_above[3] = NULL;       to_below[3] = &t[T_DZ2];
    from_above[2] = &t[T_DZ2];  to_below[2] = &t[T_DP1];
    from_above[1] = &t[T_DP1];  to_below[1] = &t[T_DZ1];
    from_above[0] = &t[T_DZ1];  to_below[0] = NULL;

    for (i = 3; i >= 0; i--)
    {
        status = table[i].backward(&table[i], from_above[i], to_below[i]);
        if (status != 0)
        {
            goto cleanup;
        }
    }

    tensor_store_matrix(&t[T_DZ2], g->dz2);
    tensor_store_matrix(&t[T_DW2], g->dW2);
    tensor_store_vector(&t[T_DB2], g->db2);
    tensor_store_matrix(&t[T_DP1], g->dp1);
    tensor_store_matrix(&t[T_DZ1], g->dz1);
    tensor_store_matrix(&t[T_DW1], g->dW1);
    tensor_store_vector(&t[T_DB1], g->db1);
    g->present = BP_GRADS_ALL;

cleanup:
    for (i = 0; i < T_COUNT; i++)
    {
        tensor_destroy(&t[i]);
    }
    return status;
}
