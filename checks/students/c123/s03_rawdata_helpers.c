/*
 * Backward pass for the 2-layer network (HW3).
 *
 * gsl_matrix_get was too slow in my training runs so I go straight to the
 * ->data arrays.  Remember: GSL matrices are row major and a row can be
 * longer than size2, so element (i, j) lives at data[i * tda + j].
 *
 * Helpers:
 *   transpose_times()  out = A^T B  (+ scale_of_w * W if W given)
 *   sum_rows()         column sums, for the bias gradients
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out (K, M) = A^T B + scale_of_w * W,  A is (N, K) and B is (N, M) */
static void transpose_times(const gsl_matrix *A, const gsl_matrix *B,
                            const gsl_matrix *W, double scale_of_w,
                            gsl_matrix *out)
{
    size_t n, k, m;
    for (k = 0; k < out->size1; k++) {
        double *out_row = out->data + k * out->tda;
        for (m = 0; m < out->size2; m++) {
            double total = 0.0;
            for (n = 0; n < A->size1; n++)
                total += A->data[n * A->tda + k] * B->data[n * B->tda + m];
            if (W != NULL)
                total += scale_of_w * W->data[k * W->tda + m];
            out_row[m] = total;
        }
    }
}

/* bias_grad[m] = sum over the rows n of upstream[n][m] */
static void sum_rows(const gsl_matrix *upstream, gsl_vector *bias_grad)
{
    size_t n, m;
    for (m = 0; m < upstream->size2; m++) {
        double total = 0.0;
        for (n = 0; n < upstream->size1; n++)
            total += upstream->data[n * upstream->tda + m];
        bias_grad->data[m * bias_grad->stride] = total;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_samples = X->size1;
    size_t num_hidden = net->H, num_classes = net->C;
    size_t n, h, c;

    if (num_samples != cache->N || X->size2 != net->D || g->N != num_samples)
        return 1;

    /* --- scores: dz2 = (prob - onehot) / N --- */
    for (n = 0; n < num_samples; n++) {
        const double *prob_row = cache->prob->data + n * cache->prob->tda;
        double *grad_scores_row = g->dz2->data + n * g->dz2->tda;
        for (c = 0; c < num_classes; c++) {
            double indicator = (c == y[n]) ? 1.0 : 0.0;
            grad_scores_row[c] = (prob_row[c] - indicator) / num_samples;
        }
    }

    /* --- second layer --- */
    transpose_times(cache->p1, g->dz2, net->W2, 2.0 * reg, g->dW2);
    sum_rows(g->dz2, g->db2);

    /* dp1[n][h] = sum_c dz2[n][c] * W2[h][c] */
    for (n = 0; n < num_samples; n++) {
        for (h = 0; h < num_hidden; h++) {
            double total = 0.0;
            for (c = 0; c < num_classes; c++)
                total += g->dz2->data[n * g->dz2->tda + c]
                         * net->W2->data[h * net->W2->tda + c];
            g->dp1->data[n * g->dp1->tda + h] = total;
        }
    }

    /* --- relu: pass the gradient where z1 > 0, else 0 --- */
    for (n = 0; n < num_samples; n++) {
        for (h = 0; h < num_hidden; h++) {
            double z = cache->z1->data[n * cache->z1->tda + h];
            double up = g->dp1->data[n * g->dp1->tda + h];
            g->dz1->data[n * g->dz1->tda + h] = (z > 0.0) ? up : 0.0;
        }
    }

    /* --- first layer, same helpers as the second --- */
    transpose_times(X, g->dz1, net->W1, 2.0 * reg, g->dW1);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
