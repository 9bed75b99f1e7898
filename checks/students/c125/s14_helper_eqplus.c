/*
 * Two-layer network: backward pass (homework 6)
 * Emma Johansson
 *
 * Small helpers so the per-sample loop reads like the math:
 *   vec_acc(acc, v, n)          acc += v
 *   outer_acc(A, u, v)          A += u v'
 *   reg_add(dW, W, reg)         dW += 2 reg W
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static void vec_acc(gsl_vector *acc, const double *v, size_t n)
{
    size_t j;
    for (j = 0; j < n; j++)
        acc->data[j * acc->stride] =+ v[j];
}

static void outer_acc(gsl_matrix *A, const double *u, const double *v)
{
    size_t r, c;
    for (r = 0; r < A->size1; r++)
        for (c = 0; c < A->size2; c++)
            A->data[r * A->tda + c] += u[r] * v[c];
}

static void reg_add(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t r, c;
    for (r = 0; r < dW->size1; r++)
        for (c = 0; c < dW->size2; c++)
            dW->data[r * dW->tda + c] += 2.0 * reg * W->data[r * W->tda + c];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, i, j, k;
    double *dscore = malloc(C * sizeof(double));
    double *dhid = malloc(H * sizeof(double));

    if (dscore == NULL || dhid == NULL) {
        free(dscore);
        free(dhid);
        return 1;
    }

    gsl_matrix_set_zero(g->dW1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    for (i = 0; i < N; i++) {
        const double *p = cache->prob->data + i * cache->prob->tda;
        const double *z = cache->z1->data + i * cache->z1->tda;

        for (k = 0; k < C; k++) {
            dscore[k] = (p[k] - (y[i] == k)) / N;
            gsl_matrix_set(g->dz2, i, k, dscore[k]);
        }
        outer_acc(g->dW2, cache->p1->data + i * cache->p1->tda, dscore);
        vec_acc(g->db2, dscore, C);

        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(net->W2, j, k) * dscore[k];
            gsl_matrix_set(g->dp1, i, j, s);
            dhid[j] = z[j] > 0 ? s : 0.0;
            gsl_matrix_set(g->dz1, i, j, dhid[j]);
        }
        outer_acc(g->dW1, X->data + i * X->tda, dhid);
        vec_acc(g->db1, dhid, H);
    }

    reg_add(g->dW2, net->W2, reg);
    reg_add(g->dW1, net->W1, reg);

    free(dscore);
    free(dhid);
    g->present = BP_GRADS_ALL;
    return 0;
}
