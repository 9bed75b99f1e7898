/* backward pass, written with row pointers (like the FIR code from DSP lab:
 * one pointer per row, walk it, keep the sum in a register). */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* column sums of an N x M matrix into v */
static void col_sum(const gsl_matrix *m, gsl_vector *v)
{
    size_t i, j;
    for (j = 0; j < m->size2; j++) {
        double acc = 0.0;
        const double *row = m->data + j;
        for (i = 0; i < m->size1; i++) {
            acc += *row;
            row += m->tda;
        }
        v->data[j * v->stride] = acc;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    const double inv_n = 1.0 / (double)N;

    /* err_out */
    for (i = 0; i < N; i++) {
        const double *p = cache->prob->data + i * cache->prob->tda;
        double *e = g->dz2->data + i * g->dz2->tda;
        for (k = 0; k < C; k++)
            e[k] = p[k] * inv_n;
        e[y[i]] -= inv_n;
    }

    /* grad_w_out[j][k] = sum_i p1[i][j] err_out[i][k] + 2 reg W2 */
    for (j = 0; j < H; j++) {
        double *gw = g->dW2->data + j * g->dW2->tda;
        const double *w = net->W2->data + j * net->W2->tda;
        for (k = 0; k < C; k++) {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += cache->p1->data[i * cache->p1->tda + j]
                     * g->dz2->data[i * g->dz2->tda + k];
            gw[k] = acc + 2.0 * reg * w[k];
        }
    }

    col_sum(g->dz2, g->db2);

    /* err_hid = err_out W2'  and straight away delta_hid */
    for (i = 0; i < N; i++) {
        const double *e = g->dz2->data + i * g->dz2->tda;
        const double *z = cache->z1->data + i * cache->z1->tda;
        double *eh = g->dp1->data + i * g->dp1->tda;
        double *dh = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
            const double *w = net->W2->data + j * net->W2->tda;
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += e[k] * w[k];
            eh[j] = acc;
            dh[j] = (z[j] > 0.0) ? acc : 0.0;
        }
    }

    /* grad_w_hid = X' delta_hid + 2 reg W1 */
    for (k = 0; k < D; k++) {
        double *gw = g->dW1->data + k * g->dW1->tda;
        const double *w = net->W1->data + k * net->W1->tda;
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
            gw[j] = acc + 2.0 * reg * w[j];
        }
    }

    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
