/*  backward.c  --  hw3, backprop for the 2-layer MLP
 *
 *  Layout: everything in one function except the reg term, which is the
 *  same for both weight matrices so it got a helper.
 *
 *  dz2 = (P - Y)/N
 *  dW2 = a1^T dz2 + reg-term       db2 = sum_rows(dz2)
 *  dp1 = dz2 W2^T
 *  dz1 = dp1 * relu'(z1)
 *  dW1 = X^T dz1 + reg-term        db1 = sum_rows(dz1)
 */

#include <string.h>
#include "backprop.h"

/* dw += coef * w  (rows x cols), raw pointers + leading dims */
static void add_l2_grad(double *dw, size_t ldd, const double *w, size_t ldw,
                        size_t rows, size_t cols, double coef)
{
    for (size_t i = 0; i < rows; i++) {
        double *dr = dw + i * ldd;
        const double *wr = w + i * ldw;
        for (size_t j = 0; j < cols; j++)
            dr[j] += coef * wr[j];
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double *dz2 = g->dz2->data;   size_t t_dz2 = g->dz2->tda;
    double *dW2 = g->dW2->data;   size_t t_dW2 = g->dW2->tda;
    double *dp1 = g->dp1->data;   size_t t_dp1 = g->dp1->tda;
    double *dz1 = g->dz1->data;   size_t t_dz1 = g->dz1->tda;
    double *dW1 = g->dW1->data;   size_t t_dW1 = g->dW1->tda;

    /* --- dz2 --- */
    for (size_t i = 0; i < N; i++) {
        const double *p = cache->prob->data + i * cache->prob->tda;
        double *o = dz2 + i * t_dz2;
        for (size_t j = 0; j < C; j++)
            o[j] = p[j] / N;
        o[y[i]] -= 1.0 / N;
    }

    /* --- dW2 = a1^T dz2 --- */
    const double *a1 = cache->p1->data;
    size_t t_a1 = cache->p1->tda;
    for (size_t k = 0; k < H; k++) {
        for (size_t j = 0; j < C; j++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += a1[i * t_a1 + k] * dz2[i * t_dz2 + j];
            dW2[k * t_dW2 + j] = s;
        }
    }
    add_l2_grad(dW2, t_dW2, net->W2->data, net->W2->tda, H, C, reg);

    /* --- db2 --- */
    for (size_t j = 0; j < C; j++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += dz2[i * t_dz2 + j];
        g->db2->data[j * g->db2->stride] = s;
    }

    /* --- dp1 = dz2 W2^T --- */
    const double *w2 = net->W2->data;
    size_t t_w2 = net->W2->tda;
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < H; k++) {
            double s = 0.0;
            for (size_t j = 0; j < C; j++)
                s += dz2[i * t_dz2 + j] * w2[k * t_w2 + j];
            dp1[i * t_dp1 + k] = s;
        }
    }

    /* --- dz1 --- */
    for (size_t i = 0; i < N; i++) {
        const double *z = cache->z1->data + i * cache->z1->tda;
        for (size_t k = 0; k < H; k++)
            dz1[i * t_dz1 + k] = (z[k] > 0.0) ? dp1[i * t_dp1 + k] : 0.0;
    }

    /* --- dW1 = X^T dz1 --- */
    for (size_t m = 0; m < D; m++) {
        for (size_t k = 0; k < H; k++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += X->data[i * X->tda + m] * dz1[i * t_dz1 + k];
            dW1[m * t_dW1 + k] = s;
        }
    }
    /* 2*reg: our loss has reg*|W|^2 with no 1/2 in front */
    add_l2_grad(dW1, t_dW1, net->W1->data, net->W1->tda, D, H, 2.0 * reg);

    /* --- db1 --- */
    for (size_t k = 0; k < H; k++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += dz1[i * t_dz1 + k];
        g->db1->data[k * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
