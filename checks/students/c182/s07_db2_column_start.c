/* backward.c  -  two-layer net, backward pass by hand.
 * I go down columns with col += tda and along rows with p++.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double sum;
    double *p;
    const double *col, *q, *z;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    /* 1 dz2 */
    for (i = 0; i < N; i++) {
        p = g->dz2->data + i * g->dz2->tda;
        q = cache->prob->data + i * cache->prob->tda;
        for (j = 0; j < C; j++) p[j] = q[j] / N;
        p[y[i]] -= 1.0 / N;
    }

    /* 2 dW2 = p1^T dz2 + 2*reg*W2 */
    for (i = 0; i < H; i++) {
        p = g->dW2->data + i * g->dW2->tda;
        for (j = 0; j < C; j++) {
            col = cache->p1->data + i;
            q = g->dz2->data + j;
            sum = 0;
            for (k = 0; k < N; k++) {
                sum += *col * *q;
                col += cache->p1->tda;
                q += g->dz2->tda;
            }
            p[j] = sum + 2 * reg * net->W2->data[i * net->W2->tda + j];
        }
    }

    /* 3 db2: add up each column of dz2 */
    for (j = 0; j < C; j++) {
        col = g->dz2->data;            /* top of column j */
        sum = 0;
        for (i = 0; i < N; i++) {
            sum += *col;
            col += g->dz2->tda;
        }
        g->db2->data[j] = sum;
    }

    /* 4 dp1 = dz2 W2^T */
    for (i = 0; i < N; i++) {
        p = g->dp1->data + i * g->dp1->tda;
        for (j = 0; j < H; j++) {
            q = g->dz2->data + i * g->dz2->tda;
            col = net->W2->data + j * net->W2->tda;   /* row j of W2 really */
            sum = 0;
            for (k = 0; k < C; k++) sum += *q++ * *col++;
            *p++ = sum;
        }
    }

    /* 5 dz1 */
    for (i = 0; i < N; i++) {
        p = g->dz1->data + i * g->dz1->tda;
        q = g->dp1->data + i * g->dp1->tda;
        z = cache->z1->data + i * cache->z1->tda;
        for (j = 0; j < H; j++) {
            *p++ = (*z++ > 0) ? *q : 0;
            q++;
        }
    }

    /* 6 dW1 = X^T dz1 + 2*reg*W1 */
    for (i = 0; i < D; i++) {
        p = g->dW1->data + i * g->dW1->tda;
        for (j = 0; j < H; j++) {
            col = X->data + i;
            q = g->dz1->data + j;
            sum = 0;
            for (k = 0; k < N; k++) {
                sum += *col * *q;
                col += X->tda;
                q += g->dz1->tda;
            }
            p[j] = sum + 2 * reg * net->W1->data[i * net->W1->tda + j];
        }
    }

    /* 7 db1: rows of dz1 added together */
    p = g->db1->data;
    for (j = 0; j < H; j++) p[j] = 0;
    for (i = 0; i < N; i++) {
        q = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) p[j] += q[j];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
