/* backward.c  (hw 4)  --  T. Mwangi */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    int N, D, H, C;
    int i, j, k;
    const double *p, *a;
    double *q, *db;
    double s;

    N = X->size1; D = net->D; H = net->H; C = net->C;
    if (N != (int) cache->N || D != (int) X->size2 || N != (int) g->N)
        return 1;

    /* dz2 */
    p = cache->prob->data;
    q = g->dz2->data;
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            q[j] = p[j] / N;
        q[y[i]] -= 1.0 / N;
        p += cache->prob->tda;
        q += g->dz2->tda;
    }

    /* dW2 */
    for (k = 0; k < H; k++) {
        q = g->dW2->data + k * g->dW2->tda;
        for (j = 0; j < C; j++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += cache->p1->data[i * cache->p1->tda + k] * g->dz2->data[i * g->dz2->tda + j];
            q[j] = s + 2.0 * reg * net->W2->data[k * net->W2->tda + j];
        }
    }

    /* db2 */
    db = g->db2->data;
    for (j = 0; j < C; j++)
        db[j * g->db2->stride] = 0.0;
    p = g->dz2->data;
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            db[j * g->db2->stride] += p[j];
    }

    /* dp1 and dz1 */
    p = g->dz2->data;
    a = cache->z1->data;
    for (i = 0; i < N; i++) {
        q = g->dp1->data + i * g->dp1->tda;
        for (k = 0; k < H; k++) {
            s = 0.0;
            for (j = 0; j < C; j++)
                s += p[j] * net->W2->data[k * net->W2->tda + j];
            q[k] = s;
            g->dz1->data[i * g->dz1->tda + k] = a[k] > 0.0 ? s : 0.0;
        }
        p += g->dz2->tda;
        a += cache->z1->tda;
    }

    /* dW1 */
    for (k = 0; k < D; k++) {
        q = g->dW1->data + k * g->dW1->tda;
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
            q[j] = s + 2.0 * reg * net->W1->data[k * net->W1->tda + j];
        }
    }

    /* db1 */
    db = g->db1->data;
    for (j = 0; j < H; j++)
        db[j * g->db1->stride] = 0.0;
    p = g->dz1->data;
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++)
            db[j * g->db1->stride] += p[j];
        p += g->dz1->tda;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
