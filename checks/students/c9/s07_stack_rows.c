/*
 * backward.c  --  two-layer net, backward pass (lab 5)
 * Sam Whitfield
 *
 * Per-sample version: for each sample I compute its dz2 row and its
 * dz1 row in small arrays on the stack (C99 VLAs, the sizes are tiny)
 * and add the outer products into dW2 / dW1.  The weight decay is done
 * by one helper at the end, for both layers.
 */

#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dW += lam * W, elementwise, over a rows x cols block */
static void add_l2(double *dW, size_t ld_dW, const double *W, size_t ld_W,
                   size_t rows, size_t cols, double lam)
{
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++)
            dW[r * ld_dW + c] += lam * W[r * ld_W + c];
}

/* set a rows x cols block of a (possibly padded) matrix to zero */
static void zero_block(double *A, size_t ld, size_t rows, size_t cols)
{
    for (size_t r = 0; r < rows; r++)
        memset(A + r * ld, 0, cols * sizeof(double));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    const double inv_n = 1.0 / (double)N;

    /* accumulated over the samples, so start from zero */
    zero_block(g->dW2->data, g->dW2->tda, H, C);
    zero_block(g->dW1->data, g->dW1->tda, D, H);
    for (size_t c = 0; c < C; c++) gsl_vector_set(g->db2, c, 0.0);
    for (size_t h = 0; h < H; h++) gsl_vector_set(g->db1, h, 0.0);

    for (size_t n = 0; n < N; n++) {
        double e[C];            /* this sample's dz2 row */
        double q[H];            /* this sample's dz1 row */

        const double *pr = cache->prob->data + n * cache->prob->tda;
        const double *a  = cache->p1->data   + n * cache->p1->tda;
        const double *z  = cache->z1->data   + n * cache->z1->tda;
        const double *x  = X->data           + n * X->tda;

        for (size_t c = 0; c < C; c++)
            e[c] = (pr[c] - (c == y[n] ? 1.0 : 0.0)) * inv_n;

        for (size_t h = 0; h < H; h++) {
            double acc = 0.0;
            for (size_t c = 0; c < C; c++)
                acc += e[c] * net->W2->data[h * net->W2->tda + c];
            g->dp1->data[n * g->dp1->tda + h] = acc;
            q[h] = z[h] > 0.0 ? acc : 0.0;
        }

        /* outer products */
        for (size_t h = 0; h < H; h++)
            for (size_t c = 0; c < C; c++)
                g->dW2->data[h * g->dW2->tda + c] += a[h] * e[c];
        for (size_t d = 0; d < D; d++)
            for (size_t h = 0; h < H; h++)
                g->dW1->data[d * g->dW1->tda + h] += x[d] * q[h];

        for (size_t c = 0; c < C; c++) {
            g->db2->data[c * g->db2->stride] += e[c];
            g->dz2->data[n * g->dz2->tda + c] = e[c];
        }
        for (size_t h = 0; h < H; h++) {
            g->db1->data[h * g->db1->stride] += q[h];
            g->dz1->data[n * g->dz1->tda + h] = q[h];
        }
    }

    /* weight decay, both layers */
    add_l2(g->dW2->data, g->dW2->tda, net->W2->data, net->W2->tda, H, C, reg);
    add_l2(g->dW1->data, g->dW1->tda, net->W1->data, net->W1->tda, D, H, 2.0 * reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
