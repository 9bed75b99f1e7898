/* backward.c -- two layer net, gradients by hand
 *
 * Flat 1-D indexing everywhere (row * cols + col); the cache and the
 * parameters are packed, checked below.
 */
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAX_N 64
#define MAX_D 32
#define MAX_H 64
#define MAX_C 16

#define ERR_SIZE   (-1)
#define ERR_LAYOUT (-2)

static double tmp[MAX_N * MAX_H];   /* dp1, then dz1 */
static double wacc[MAX_D * MAX_H];
static double bacc[MAX_H];
static uint8_t live[MAX_N * MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, d = net->D, h = net->H, c = net->C;
    size_t i, j, k;
    double *dz2 = g->dz2->data;
    const double *w2 = net->W2->data, *w1 = net->W1->data;

    if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C)
        return ERR_SIZE;
    if (g->dz2->tda != c || net->W2->tda != c || net->W1->tda != h
        || X->tda != d || cache->prob->tda != c || cache->z1->tda != h
        || cache->p1->tda != h)
        return ERR_LAYOUT;

    /* 1. dz2 */
    for (i = n * c; i-- > 0;)
        dz2[i] = cache->prob->data[i] / (double)n;
    for (i = n; i-- > 0;)
        dz2[i * c + y[i]] -= 1.0 / (double)n;

    /* 2. dW2 */
    memset(wacc, 0, sizeof(wacc));
    for (i = n; i-- > 0;)
        for (j = h; j-- > 0;)
            for (k = c; k-- > 0;)
                wacc[j * c + k] += cache->p1->data[i * h + j] * dz2[i * c + k];
    for (j = h; j-- > 0;)
        for (k = c; k-- > 0;)
            gsl_matrix_set(g->dW2, j, k, wacc[j * c + k] + 2.0 * reg * w2[j * c + k]);

    /* 3. db2 */
    memset(bacc, 0, sizeof(bacc));
    for (i = n; i-- > 0;)
        for (k = c; k-- > 0;)
            bacc[k] += dz2[i * c + k];
    for (k = c; k-- > 0;)
        gsl_vector_set(g->db2, k, bacc[k]);

    /* 4. dp1 = dz2 W2^T */
    for (i = n; i-- > 0;)
        for (j = h; j-- > 0;) {
            double s = 0.0;
            for (k = c; k-- > 0;)
                s += dz2[i * c + k] * w2[k * h + j];
            tmp[i * h + j] = s;
            gsl_matrix_set(g->dp1, i, j, s);
        }

    /* 5. dz1 */
    for (i = n * h; i-- > 0;)
        live[i] = (uint8_t)(cache->z1->data[i] > 0.0);
    for (i = n; i-- > 0;)
        for (j = h; j-- > 0;) {
            if (!live[i * h + j])
                tmp[i * h + j] = 0.0;
            gsl_matrix_set(g->dz1, i, j, tmp[i * h + j]);
        }

    /* 6. dW1 */
    memset(wacc, 0, sizeof(wacc));
    for (i = n; i-- > 0;)
        for (k = d; k-- > 0;)
            for (j = h; j-- > 0;)
                wacc[k * h + j] += X->data[i * d + k] * tmp[i * h + j];
    for (k = d; k-- > 0;)
        for (j = h; j-- > 0;)
            gsl_matrix_set(g->dW1, k, j, wacc[k * h + j] + 2.0 * reg * w1[k * h + j]);

    /* 7. db1 */
    memset(bacc, 0, sizeof(bacc));
    for (i = n; i-- > 0;)
        for (j = h; j-- > 0;)
            bacc[j] += tmp[i * h + j];
    for (j = h; j-- > 0;)
        gsl_vector_set(g->db1, j, bacc[j]);

    g->present = BP_GRADS_ALL;
    return 0;
}
